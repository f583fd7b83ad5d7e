"""One planner on two machines: the three-way merge of their states (issue 18)."""
