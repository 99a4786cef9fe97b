using TorchAe.Cli;
using TorchAe.Runtime;

GlibcAllocator.KeepFreedMemory();
TorchThreads.ApplyDefault();
return CommandLine.Run(args, Console.Out, Console.Error);
