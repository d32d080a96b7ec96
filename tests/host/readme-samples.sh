# description: the README's sample output (blocks after a `<!-- sample` marker) is what the same commands print
set -eu
[ "$ARCH_NAME" = x86_64 ] || { echo "SKIP: the README's samples are x86_64 transcripts"; exit 4; }
[ "$VARIANT" = default ] || { echo "SKIP: make run boots the default kernel, not the $VARIANT one"; exit 4; }
exec python3 "$TOP/tests/readme-samples.py" --arch "$ARCH_NAME" "$TOP/README.md"
