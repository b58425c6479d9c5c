"""What is particular to one language, one module per ISO 639-1 code: `en.py` holds English's speech
verbs, titles, roles, pronouns, organisation heads and the other word lists the quote attributor reasons
with. A new language is a new module with the same names."""
