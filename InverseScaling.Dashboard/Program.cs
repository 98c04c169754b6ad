using InverseScaling.Dashboard;

// A verb (score, models, tasks, export, import, generate) runs the command line; no arguments start the web app.
return await DashboardApplication.RunAsync(args);
