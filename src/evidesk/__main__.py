from evidesk.cli import main

raise SystemExit(main())
