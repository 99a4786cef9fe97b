using TorchAe.Cli;
using TorchAe.Runtime;

GlibcAllocator.KeepFreedMemory();
return CommandLine.Run(args, Console.Out, Console.Error);
