# Reader latency chart of `make bench`: p50 and p99 of the read-only opens
# made while a writer holds the session, log scale, min-max bars.
# Called as: gnuplot -e "datafile='...'; outfile='...'" readers.gp
# Data: "label" p50 min max p99 min max (from bench/report.php).
set terminal pngcairo size 1200,640 font "sans,10"
set output outfile
set termoption noenhanced
set title "Readers while a writer holds the session: latency (ms, log scale; lower is better)"
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "ms"
set logscale y
set yrange [0.1:*]
set grid ytics
set xtics rotate by -30 left nomirror
set key top left
set bmargin 10
plot datafile using 2:3:4:xtic(1) title "p50", \
     '' using 5:6:7 title "p99"
