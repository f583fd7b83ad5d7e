from planner.entry.launch import main

raise SystemExit(main())
