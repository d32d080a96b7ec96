# description: the classic example: a kprobe on inet_bind decodes the port of a bind() from its sockaddr_in
: "a server binds 127.0.0.1:4242"
insmod $M/rust_inet_bind.ko || fail "insmod"
httpd -p 127.0.0.1:4242 || fail "httpd"
sleep 0.2
killall httpd
rmmod rust_inet_bind
: "the bind is logged with its address and port"
expect_log '^rust_inet_bind: httpd\[[0-9]+\] bind 127\.0\.0\.1:4242$'
