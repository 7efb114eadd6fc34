"""Elections as a whole: the standing read from ``ballots.election`` (seats, holders,
substitutes, vacancies, the next step) and the words the chair reads for it."""
