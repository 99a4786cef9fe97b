using static TorchSharp.torch;

namespace TorchAe.Runtime;

/// <summary>A stretch of torch work on one thread, inside a run on a larger team: <see cref="Enter"/> narrows libtorch's
/// intra-op threads to one, <see cref="Release"/> lends the whole team back for a nested stretch, disposing restores
/// it. Which ops run on how many threads is fixed by the code, never by the load, so results stay reproducible per
/// thread count. With a team of one it sets nothing.</summary>
internal readonly struct OneThread : IDisposable
{
    readonly int team;

    OneThread(int team) => this.team = team;

    /// <summary>Narrows to one thread until disposed.</summary>
    public static OneThread Enter()
    {
        int team = get_num_threads();
        if (team > 1) set_num_threads(1);
        return new OneThread(team);
    }

    /// <summary>The whole team until the returned scope is disposed, then one thread again.</summary>
    public TeamScope Release()
    {
        if (team > 1) set_num_threads(team);
        return new TeamScope(team);
    }

    public void Dispose()
    {
        if (team > 1) set_num_threads(team);
    }

    /// <summary>Ends a <see cref="Release"/>: back to one thread.</summary>
    internal readonly struct TeamScope(int team) : IDisposable
    {
        public void Dispose()
        {
            if (team > 1) set_num_threads(1);
        }
    }
}
