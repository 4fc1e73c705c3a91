"""output/: the output folder on disk: the manifest, each file's digest, the build cache, the write
transaction (staging, lock, commit). May import: content/, text/ (the declared fonts, whose digests join the
cache keys)."""
