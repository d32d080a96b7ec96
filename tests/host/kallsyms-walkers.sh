# description: the kernel exports no kallsyms walker to modules, which is why the ambiguous-name check asks kprobe events (rust/kernel/kprobes/landing_checks.rs); fails, saying what to change, once one is exported
symvers=$(kdir "$ARCH_NAME" "$VARIANT")/Module.symvers
[ -f "$symvers" ] || skip "no $symvers"
# What kprobe events count same-named symbols with (number_of_same_symbols() in
# kernel/trace/trace_kprobe.c), and the name lookup register_kprobe() uses.
for s in kallsyms_on_each_match_symbol kallsyms_on_each_symbol module_kallsyms_on_each_symbol \
	kallsyms_lookup_name; do
	if awk -v s="$s" '$2 == s { f = 1 } END { exit !f }' "$symvers"; then
		fail "$s is exported to modules: count same-named symbols with it in" \
			"rust/kernel/kprobes/landing_checks.rs (UniqueNameCheck) instead of creating kprobe events"
	fi
done
echo "not exported: kallsyms_on_each_match_symbol, kallsyms_on_each_symbol,"
echo "module_kallsyms_on_each_symbol, kallsyms_lookup_name ($(grep -c . "$symvers") exports)"
