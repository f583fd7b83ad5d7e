"""Study Planner: work through a reading list, week by week."""

__version__ = "0.1.0"
LICENSE = "MIT"
APP_NAME = "Study Planner"
# The reverse-DNS id the desktop knows the app by: its menu entry is <APP_ID>.desktop
# (`study-planner desktop install`), and the window names it for Wayland's app id.
APP_ID = "io.github.studyplanner.StudyPlanner"
# Where the bundled reading list comes from: shown in the About box, as in the README.
BUNDLED_LIST_CREDIT = (
    "The bundled reading list is that of the guide “A Practical Guide to ML Research”, "
    "with thanks to its author (the copy the list was made from does not give the "
    "author's name); the books, notes, videos and papers it names belong to their "
    "authors. The effort estimates, units and notes beside them are Study Planner's."
)
