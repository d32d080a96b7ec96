# description: rust_opensnoop logs an openat of a known path by a known process with its flags and fd, a failed one with its error, and every one of a hundred opens by one process and by a hundred processes
: "cat opens a known file, then a missing one"
insmod $M/rust_opensnoop.ko || fail "insmod"
sh -c 'echo $$ >/tmp/pid; exec cat /proc/version' >/dev/null
read -r pid </tmp/pid
sh -c 'echo $$ >/tmp/pid2; exec cat /no/such/file' 2>/dev/null || true
read -r pid2 </tmp/pid2
: "a hundred opens by one process, and by a hundred processes (each gives its slot back)"
sh -c 'echo $$ >/tmp/pid3; i=0; while [ $i -lt 100 ]; do : </proc/uptime; i=$((i + 1)); done'
read -r pid3 </tmp/pid3
i=0
while [ $i -lt 100 ]; do
	cat /proc/uptime >/dev/null
	i=$((i + 1))
done
rmmod rust_opensnoop
: "the file name (user memory), flags O_RDONLY and fd 3: 0, 1 and 2 are taken"
expect_count 1 "^rust_opensnoop: cat\\[$pid\\] openat /proc/version flags=0x0 = 3\$"
: "the missing file: ENOENT (-2), named when the kernel has CONFIG_SYMBOLIC_ERRNAME"
expect_count 1 "^rust_opensnoop: cat\\[$pid2\\] openat /no/such/file flags=0x0 = -2( ENOENT)?\$"
expect_count 100 "^rust_opensnoop: sh\\[$pid3\\] openat /proc/uptime flags=0x0 = [0-9]+\$"
expect_count 100 "^rust_opensnoop: cat\\[[0-9]+\\] openat /proc/uptime flags=0x0 = 3\$"
expect_count 0 'opens not logged'
