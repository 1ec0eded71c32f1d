# The ingest image: built with Swift by the same commands CI runs (scripts/setup-system, then
# swift build -c release), run on a slim Debian with only the runtime libraries.
#
#   docker build -t registry.example/ingest:1 .
#   docker run --rm -v "$PWD/reports:/data/input:ro" -e DATABASE_URL=postgres://… registry.example/ingest:1 \
#       run /data/input --config /etc/ingest/pipeline.json --work /data/work --out /data/out

FROM swift:6.3.1-bookworm AS build
WORKDIR /src
# The system packages first (poppler-glib, libxml2, SQLite), so that a source change does not
# reinstall them.
COPY scripts/setup-system scripts/setup-system
RUN scripts/setup-system
COPY . .
RUN swift build -c release --static-swift-stdlib \
    && install -D "$(swift build -c release --show-bin-path)/ingest" /out/ingest

FROM debian:bookworm-slim
# The runtime libraries of what the build stage linked: poppler-glib (extract.pdf) with
# poppler-data (CJK fonts without a Unicode map), libxml2 (extract.html), SQLite (ledger,
# sink.sqlite), tesseract with leptonica (the ocr stage's library, loaded at start even where
# the pipeline has no ocr stage), jemalloc (the allocator). Versions come from the Debian
# release the image is pinned to.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpoppler-glib8 poppler-data libxml2 libsqlite3-0 libtesseract5 libjemalloc2 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ingest /usr/local/bin/ingest
COPY deploy/pipeline.json /etc/ingest/pipeline.json
RUN useradd --uid 10001 --create-home --home-dir /home/ingest ingest && mkdir -p /data && chown ingest /data
USER 10001
WORKDIR /data
ENTRYPOINT ["/usr/local/bin/ingest"]
CMD ["--help"]
