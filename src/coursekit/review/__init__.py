"""Flashcard review with FSRS: card states replayed from the learner's ratings, a cache
of that replay, due forecasts, and the review session's rules."""
