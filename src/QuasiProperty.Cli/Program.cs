using QuasiProperty.Cli;

return QpCommand.Run(args, Console.Out, Console.Error);
