"""Study Planner: work through a reading list, week by week."""

__version__ = "0.1.0"
LICENSE = "MIT"
# Where the bundled reading list comes from: shown in the About box, as in the README.
BUNDLED_LIST_CREDIT = (
    "The bundled reading list is that of the guide “A Practical Guide to ML Research”; "
    "the books, notes, videos and papers it names belong to their authors. The effort "
    "estimates, units and notes beside them are Study Planner's."
)
