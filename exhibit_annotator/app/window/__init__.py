"""The main window and what frames it: menus, the window's api for its parts, navigation between pages."""
