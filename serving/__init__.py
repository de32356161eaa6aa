"""How the app is served: the start-up checks that refuse an unsafe combination
of settings, and the warning for forwarded headers nobody reads."""
