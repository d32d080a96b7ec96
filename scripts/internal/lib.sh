# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the scripts in this directory. Source it; do not run it.

# All big things (toolchain pieces, kernel sources and builds) live here.
CACHE=${RUST_KPROBES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rust-kprobes}
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# The settings (scripts/settings.mk, which the Makefile includes too): each `NAME ?= value`
# sets NAME unless the environment has a value for it.
while read -r name op value; do
	[ "$op" = "?=" ] || continue
	[ -n "${!name:-}" ] || printf -v "$name" %s "$value"
done <"$TOP/scripts/settings.mk"
unset name op value

die() {
	printf '\033[31merror:\033[0m %s\n' "$*" >&2
	exit 1
}

# step NAME CMD...: runs CMD with a progress line, its time, and a clear failure.
step() {
	local name=$1 t0 rc
	shift
	printf '\033[1m==> %s\033[0m\n' "$name" >&2
	t0=$(date +%s)
	# A subshell keeps `set -e` in force inside the step while we catch its status.
	set +e
	(
		set -e
		"$@"
	)
	rc=$?
	set -e
	if [ $rc -ne 0 ]; then
		printf '\033[31m==> FAILED: %s (exit %d after %ds)\033[0m\n' "$name" $rc $(($(date +%s) - t0)) >&2
		printf '    Fix the error shown above (Documentation/kernels.md lists the usual ones)\n' >&2
		printf '    and run the command again: the steps that finished are skipped.\n' >&2
		exit $rc
	fi
	printf '    done: %s (%ds)\n' "$name" $(($(date +%s) - t0)) >&2
}

# Values every kernel and module build of this project uses.
rust_lib_src() { echo "$CACHE/rust-src-$(rustc_version)/usr/lib/rustlib/src/rust/library"; }
rustc_version() { rustc --version | awk '{print $2}'; }
export LIBCLANG_PATH=/usr/lib/llvm-$LLVM_VER/lib
export PATH=$HOME/.cargo/bin:$PATH

# debian_mirror: the Debian archive this machine's apt uses for its own release (read from
# its apt configuration; the project never names a mirror).
debian_mirror() {
	local codename site
	codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
	site=$(apt-get indextargets --format '$(SITE) $(RELEASE)' |
		awk -v r="$codename" '$2 == r { print $1; exit }')
	[ -n "$site" ] || die "no apt source for Debian $codename in this machine's apt configuration"
	echo "$site"
}

# Architectures: kernel ARCH name, image path in the build tree.
arch_image() {
	case $1 in
	x86_64) echo arch/x86/boot/bzImage ;;
	arm64) echo arch/arm64/boot/Image ;;
	riscv64) echo arch/riscv/boot/Image ;;
	*) die "unknown arch '$1' (known: x86_64 arm64 riscv64)" ;;
	esac
}
kernel_arch() { case $1 in riscv64) echo riscv ;; *) echo "$1" ;; esac; }
deb_arch() { case $1 in x86_64) echo amd64 ;; *) echo "$1" ;; esac; }

# The kernels everything can be built for and run on (KERNEL, `--kernel`):
#   7.3, 7.2   test kernels built here from Debian's linux-source-<version> (configs/)
#   debian     Debian's own linux-image-$DEBIAN_RELEASE, unmodified; the modules are built
#              against its tree, reconstructed by scripts/internal/debian-kernel
#   intree     7.3.4 with the patch series of `make patches` applied
#              (scripts/internal/build-intree): kernel::kprobes built in, its samples as modules
check_kernel() {
	case $1 in
	7.3 | 7.2 | debian | intree) ;;
	*) die "unknown kernel '$1' (known: 7.3 7.2 debian intree)" ;;
	esac
}

# The source tree of Debian's linux-source-MAJOR (set up by scripts/internal/fetch-kernel MAJOR).
kernel_src() { cat "$CACHE/linux-src-${1:-7.3}.current" 2>/dev/null; }

# kernel_key ARCH VARIANT KERNEL: what a test kernel build depends on, hashed.
kernel_key() {
	local arch=$1 variant=$2 kernel=$3
	{
		basename "$(kernel_src "$kernel")"
		rustc --version
		clang-$LLVM_VER --version | head -1
		bindgen --version
		cat "$TOP"/configs/{boot,kprobes,rust}.config "$TOP/configs/$arch.config"
		[ "$variant" = default ] || cat "$TOP/configs/$variant.config"
	} | sha256sum | cut -c1-12
}

# The UAPI headers of all architectures (linux-libc-dev, unpacked by
# scripts/internal/setup-host), for the test program built with the kernel's nolibc
# (scripts/internal/build-uprobe-target).
uapi_dir() { echo "$CACHE/linux-libc-dev-$UAPI_VER"; }

# debian_dir: where Debian's kernel, its reconstructed build tree and toolchain live.
# Copies this tree into DEST: its tracked and new files, no build output (all of it when
# the tree is not a git checkout), for builds that must not touch the tree itself.
copy_tree() {
	if git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$TOP" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$1")
	else
		cp -a "$TOP/." "$1"
	fi
}

# The in-tree kernel of the patch series (scripts/internal/build-intree): its source tree, a git
# worktree of the imported 7.3.4 source with the series applied, and its build directory.
intree_tree() { echo "$CACHE/upstream/tree-$1"; }
intree_build() { echo "$CACHE/upstream/build-$1"; }

debian_dir() { echo "$CACHE/debian/$DEBIAN_RELEASE"; }

# kdir ARCH [VARIANT [KERNEL]]: the kernel build tree modules are built against.
kdir() {
	local arch=${1:-x86_64} variant=${2:-default} kernel=${3:-$KERNEL}
	check_kernel "$kernel"
	if [ "$kernel" = debian ]; then
		echo "$(debian_dir)/build"
	elif [ "$kernel" = intree ]; then
		intree_build "$arch"
	else
		echo "$CACHE/build/linux-$kernel-$arch-$variant-$(kernel_key "$arch" "$variant" "$kernel")"
	fi
}

# host_tsc_khz: the host's TSC rate in kHz, measured against CLOCK_MONOTONIC_RAW over 0.2 s;
# nothing on other hosts. QEMU's TCG gives x86 guests the host's TSC (rdtsc of the host).
host_tsc_khz() {
	[ "$(uname -m)" = x86_64 ] || return 0
	local bin=$CACHE/host-tsc-khz
	if [ ! -x "$bin" ]; then
		mkdir -p "$CACHE"
		clang-$LLVM_VER -O2 -x c -o "$bin.tmp" - <<'EOC' >&2 && mv "$bin.tmp" "$bin" || return 0
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

/* The TSC and the clock read together: the closest of a few tries brackets. */
static void sample(double *ns, unsigned long long *tsc)
{
	double best = 1e18;

	for (int i = 0; i < 20; i++) {
		struct timespec a, b;
		unsigned long long c;

		clock_gettime(CLOCK_MONOTONIC_RAW, &a);
		c = __rdtsc();
		clock_gettime(CLOCK_MONOTONIC_RAW, &b);
		double ta = a.tv_sec * 1e9 + a.tv_nsec, tb = b.tv_sec * 1e9 + b.tv_nsec;
		if (tb - ta < best) {
			best = tb - ta;
			*ns = (ta + tb) / 2;
			*tsc = c;
		}
	}
}

int main(void)
{
	struct timespec pause = { 0, 200000000 };
	unsigned long long c0, c1;
	double t0, t1;

	sample(&t0, &c0);
	nanosleep(&pause, NULL);
	sample(&t1, &c1);
	printf("%.0f\n", (c1 - c0) / (t1 - t0) * 1e6);
	return 0;
}
EOC
	fi
	"$bin" 2>/dev/null || true
}
