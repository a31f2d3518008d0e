# Contention chart of `make bench`: per-request overhead over the ideal
# serial time, one bar per hold time, error bars from min to max of the runs.
# Called as: gnuplot -e "datafile='...'; outfile='...'" contention.gp
# Data: "label" h0 min max h20 min max (from bench/report.php); a figure
# whose requests lost updates or failed is "?" (not comparable: the
# requests overlapped or failed early); a row with no comparable figure is
# left out.
set terminal pngcairo size 1200,640 font "sans,10"
set output outfile
set termoption noenhanced
set title "Contention: overhead per request over the ideal serial time (ms; lower is better)\nfigures with lost updates or failed requests are left out: see the report"
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "ms per request"
set grid ytics
set datafile missing "?"
set yrange [0:*]
set xtics rotate by -30 left nomirror
set key top right
set bmargin 9
plot datafile using 2:3:4:xtic(1) title "hold 0 ms", \
     '' using 5:6:7 title "hold 20 ms"
