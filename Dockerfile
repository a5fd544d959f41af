# Build a static binary, then ship it alone in a small non-root image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/treembot .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/treembot /treembot
WORKDIR /home/nonroot
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/treembot"]
CMD ["serve"]
