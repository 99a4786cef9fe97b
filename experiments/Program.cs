using TorchAe.Cli;
using TorchAe.Runtime;

// The fast path of `torchae --version` (what an installed command is asked first): the parser and the commands'
// options, all compiled before first use (TieredCompilation is off), are not built for it.
if (args is ["--version"])
{
    Console.Out.WriteLine(CommandLine.Version());
    return ExitCodes.Success;
}
// Commands that train on full batches: on tcmalloc their evaluations reuse the pages of the one before instead of
// faulting fresh ones (CachingAllocator; re-executes the process once, so the short commands skip it).
if (args is not [("mnist" or "sda" or "shapes" or "train" or "patches" or "sweep" or "bench"), ..] || !CachingAllocator.Enable())
    GlibcAllocator.KeepFreedMemory();
TorchThreads.ApplyDefault();
return CommandLine.Run(args, Console.Out, Console.Error);
