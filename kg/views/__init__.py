"""Views of the graph for people: the offline HTML page (and, from others, networkx views)."""
