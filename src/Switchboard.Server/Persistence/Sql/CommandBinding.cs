using System.Data.Common;

namespace Switchboard.Server.Persistence.Sql;

internal static class CommandBinding
{
    /// <summary>Sets the command's parameters in the order its statement names them (null becomes SQL NULL).</summary>
    public static DbCommand Bind(this DbCommand command, params ReadOnlySpan<object?> values) => command.BindFrom(0, values);

    /// <summary>Sets the parameters from position <paramref name="first"/> on.</summary>
    public static DbCommand BindFrom(this DbCommand command, int first, params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[first + i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }
}
