# description: the sample output of README.md and Documentation/*.md (blocks after a `<!-- sample` marker) is what the same commands print
[ "$ARCH_NAME" = x86_64 ] || skip "the samples are x86_64 transcripts"
[ "$VARIANT" = default ] || skip "make run boots the default kernel, not the $VARIANT one"
exec python3 "$TOP/tests/readme-samples.py" --arch "$ARCH_NAME"
