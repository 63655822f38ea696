namespace Switchboard.Server.Link; internal enum LinkResult { Linked, NothingToDo, Cancelled, Failed, NotSupported }
