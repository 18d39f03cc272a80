"""Search: the words a member typed (terms), the index that finds them on
either database (engines), what a viewer may find (finding, through
forum.visibility), and /search (views)."""
