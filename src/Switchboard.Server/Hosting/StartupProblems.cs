using Microsoft.Extensions.Options;
using Switchboard.Server.Persistence;

namespace Switchboard.Server.Hosting;

/// <summary>Recognises the failures an operator fixes by changing settings, so they are reported as one clear line.</summary>
public static class StartupProblems
{
    public static string? Describe(Exception exception) => exception switch
    {
        StartupException or SchemaTooNewException => exception.Message,
        OptionsValidationException validation => string.Join(" ", validation.Failures),
        // A value that is not of the setting's type (not a number, out of its range): the innermost cause says how.
        InvalidOperationException { InnerException: not null } conversion
            when conversion.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            conversion.Message + " " + conversion.GetBaseException().Message,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        _ => null,
    };
}
