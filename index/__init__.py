"""whobacked's engine: corpus files → paragraphs → embeddings → FAISS + SQLite → retrieval → answers."""
