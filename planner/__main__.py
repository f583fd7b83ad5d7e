from planner.launch import main

raise SystemExit(main())
