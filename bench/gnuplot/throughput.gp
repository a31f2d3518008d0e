# Throughput chart of `make bench`: requests/s per handler, one bar per
# payload, error bars from the minimum to the maximum of the runs.
# Called as: gnuplot -e "datafile='...'; outfile='...'" throughput.gp
# Data: "label" median512 min max median16k min max (from bench/report.php).
set terminal pngcairo size 1200,640 font "sans,10"
set output outfile
set termoption noenhanced
set title "Throughput: requests/s (median of runs, min-max bars)"
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "requests/s"
set yrange [0:*]
set grid ytics
set xtics rotate by -30 left nomirror
set key top right
set bmargin 9
plot datafile using 2:3:4:xtic(1) title "512 B payload", \
     '' using 5:6:7 title "16 KB payload"
