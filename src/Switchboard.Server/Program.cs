using Switchboard.Server.Hosting;

try
{
    if (AdminCommands.IsAdminCommand(args))
    {
        return await AdminCommands.RunAsync(args);
    }

    var app = SwitchboardApplication.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (StartupProblems.Describe(exception) is { } problem)
{
    // A configuration or environment problem: say what to fix, without a stack trace.
    await Console.Error.WriteLineAsync($"Switchboard cannot start: {problem}");
    return 1;
}
