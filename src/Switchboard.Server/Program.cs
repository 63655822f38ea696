using Microsoft.Extensions.Options;
using Switchboard.Server.Hosting;
using Switchboard.Server.Persistence;

try
{
    var app = SwitchboardApplication.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (exception is StartupException or OptionsValidationException or SchemaTooNewException or InvalidOperationException { Source: "Switchboard.Server" })
{
    // A configuration problem: say what to fix, without a stack trace.
    await Console.Error.WriteLineAsync($"Switchboard cannot start: {exception.Message}");
    return 1;
}
