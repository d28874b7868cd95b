# Sourced by scripts/main-job and scripts/mutation-sweep: Debian's Go releases the
# project builds its Go cases with (golang-go 1.19, bookworm-backports' golang-1.2N-go,
# installed by scripts/deps under /usr/lib/go-1.N).
installed_debian_go() {
  for v in 1.19 1.21 1.22 1.23; do
    if [ -x "/usr/lib/go-$v/bin/go" ]; then echo "$v"; fi
  done
}
