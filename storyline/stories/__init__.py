"""Stories: articles grouped into developing stories, and their timelines."""
