"""Month-wise summaries at every level (national, state, district, institution).

periods: months cut in India time; levels: which unit a user may summarise and
its rows; indicators: the figures, as SQL aggregates; table: rows and total;
clocks: the overdue statutory clocks (dashboard and lists); export: CSV/XLSX;
cli: `flask --app app summary`."""
