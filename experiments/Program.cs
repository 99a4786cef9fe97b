using TorchAe.Cli;
using TorchAe.Runtime;

// The fast path of `torchae --version` (what an installed command is asked first): the parser and the commands'
// options, all compiled before first use (TieredCompilation is off), are not built for it.
if (args is ["--version"])
{
    Console.Out.WriteLine(CommandLine.Version());
    return ExitCodes.Success;
}
GlibcAllocator.KeepFreedMemory();
TorchThreads.ApplyDefault();
return CommandLine.Run(args, Console.Out, Console.Error);
