"""Qt Widgets front end."""
