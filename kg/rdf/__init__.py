"""Model objects to RDF: the one place that turns claims, mentions and articles into triples."""
