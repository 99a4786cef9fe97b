namespace TorchAe.Benchmarks;

/// <summary>The scheduler's own counters of every thread of the process (<c>/proc/self/task/*/schedstat</c>: nanoseconds
/// on a CPU, nanoseconds waiting for one, times scheduled onto one), split into the calling thread and all others. An
/// OpenMP worker that sleeps between parallel regions is scheduled once per wake-up, so the other threads' count over an
/// evaluation is its wake-ups (plus preemptions), and their CPU time against the wall time is how busy they were.</summary>
internal readonly record struct ThreadClock(double OwnRunMs, double OwnWaitMs, long OwnSlices, double OtherRunMs, double OtherWaitMs, long OtherSlices)
{
    public static ThreadClock operator -(ThreadClock a, ThreadClock b) => new(a.OwnRunMs - b.OwnRunMs, a.OwnWaitMs - b.OwnWaitMs,
        a.OwnSlices - b.OwnSlices, a.OtherRunMs - b.OtherRunMs, a.OtherWaitMs - b.OtherWaitMs, a.OtherSlices - b.OtherSlices);

    public static ThreadClock operator +(ThreadClock a, ThreadClock b) => new(a.OwnRunMs + b.OwnRunMs, a.OwnWaitMs + b.OwnWaitMs,
        a.OwnSlices + b.OwnSlices, a.OtherRunMs + b.OtherRunMs, a.OtherWaitMs + b.OtherWaitMs, a.OtherSlices + b.OtherSlices);

    /// <summary>Whether the kernel publishes schedstat (Linux with scheduler statistics).</summary>
    public static bool Available => File.Exists("/proc/self/schedstat");

    /// <summary>The counters now; zeros where <see cref="Available"/> is false. <paramref name="ownThreadId"/>: the
    /// calling thread's kernel id (<see cref="Environment.CurrentManagedThreadId"/> is not one).</summary>
    public static ThreadClock Now(int ownThreadId)
    {
        if (!Available) return default;
        double ownRun = 0, ownWait = 0, otherRun = 0, otherWait = 0;
        long ownSlices = 0, otherSlices = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string[] fields;
            try { fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ', StringSplitOptions.RemoveEmptyEntries); }
            catch (IOException) { continue; }   // the thread ended meanwhile
            if (fields.Length < 3) continue;
            double run = long.Parse(fields[0]) / 1e6, wait = long.Parse(fields[1]) / 1e6;
            long slices = long.Parse(fields[2]);
            if (Path.GetFileName(task) == ownThreadId.ToString(System.Globalization.CultureInfo.InvariantCulture))
                (ownRun, ownWait, ownSlices) = (run, wait, slices);
            else
            {
                otherRun += run; otherWait += wait; otherSlices += slices;
            }
        }
        return new(ownRun, ownWait, ownSlices, otherRun, otherWait, otherSlices);
    }
}
