using InverseScaling.Dashboard;
using InverseScaling.Dashboard.Cli;

// A verb (score, models, tasks, export, import, generate) or --help runs the command line;
// no arguments, or only host options such as --urls, start the web app.
return CommandLineApp.IsCommandLine(args)
    ? await CommandLineApp.RunAsync(args, CliConsole.System)
    : await DashboardApplication.RunAsync(args);
