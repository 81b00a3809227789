package wrapperconf

import "io/fs"

var errNotExist = fs.ErrNotExist
