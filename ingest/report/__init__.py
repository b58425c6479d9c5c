"""`presswatch report`: a view's report as an HTML or PDF file (the renderer is pages/_report.py)."""
