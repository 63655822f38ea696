using System.Data.Common;

namespace Switchboard.Server.Persistence.Sql;

internal static class CommandBinding
{
    /// <summary>Sets the parameter named <paramref name="name"/> (as the statement writes it, with its <c>@</c>); null becomes SQL NULL.</summary>
    public static DbCommand Set(this DbCommand command, string name, object? value)
    {
        command.Parameters[name].Value = value ?? DBNull.Value;
        return command;
    }

    /// <summary>Sets each named parameter of <paramref name="values"/>.</summary>
    public static DbCommand Set(this DbCommand command, IEnumerable<(string Name, object? Value)> values)
    {
        foreach (var (name, value) in values)
        {
            command.Set(name, value);
        }

        return command;
    }
}
