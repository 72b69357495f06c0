"""Following the news: feeds polled into the corpus (feeds, book, polling, following) and the tracker's news."""
