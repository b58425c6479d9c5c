"""The synthetic labelled demo corpus: a fictional world, its stories, sayings, schedule, house styles
and wire copies, written with the ground truth of every quote, group and relevance label."""
