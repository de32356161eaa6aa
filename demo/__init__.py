"""The demo pilot that `flask --app app seed-demo` loads: Gujarat's districts and
CCIs, Pune across the state border, demo accounts for every role, children,
missing and found reports (with true pairs for matching), orders, transfers,
care plans and monthly progress. Entry point: `demo.seed.seed_database`."""
