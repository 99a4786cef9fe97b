using TorchAe.Cli;
using TorchAe.Runtime;

// Commands that train on full batches: on tcmalloc their evaluations reuse the pages of the one before instead of
// faulting fresh ones (CachingAllocator; re-executes the process once, so the short commands skip it).
if (args is not [("mnist" or "shapes" or "train" or "patches" or "sweep" or "bench"), ..] || !CachingAllocator.Enable())
    GlibcAllocator.KeepFreedMemory();
TorchThreads.ApplyDefault();
return CommandLine.Run(args, Console.Out, Console.Error);
