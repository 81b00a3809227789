// Package install finds the config files of a WHD install and reads what
// the JVM and WHD will see from them.
package install

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/whdctl/whdctl/conf/wrapperconf"
	"github.com/whdctl/whdctl/patcher"
)

// Relative locations inside a WHD home folder.
const (
	WrapperTemplatePath = "bin/wrapper/conf/wrapper_template.conf"
	WhdConfPath         = "conf/whd.conf"
	BundledCacertsPath  = "bin/jre/lib/security/cacerts"
)

// Install is a WHD home folder. Paths are "" when the file is absent.
type Install struct {
	Home            string
	WrapperTemplate string
	WhdConf         string
}

// Detect looks for the config files of the WHD install at home.
func Detect(home string) (*Install, error) {
	st, err := os.Stat(home)
	if t := strings.TrimSpace(home); os.IsNotExist(err) && t != home && t != "" {
		// A blank or CR around the path (a Windows "set VAR=path " keeps
		// the trailing space) that no folder has: the path meant.
		if tst, terr := os.Stat(t); terr == nil {
			home, st, err = t, tst, nil
		}
	}
	switch {
	case os.IsNotExist(err):
		return nil, fmt.Errorf("WHD home \"%s\" does not exist: check the path (the default is /usr/local/webhelpdesk on Linux, C:\\Program Files\\WebHelpDesk on Windows)", home)
	case os.IsPermission(err):
		return nil, fmt.Errorf("WHD home %s: permission denied: run whdctl as a user who can read it", home)
	case err != nil:
		return nil, fmt.Errorf("WHD home %s: %w", home, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("WHD home %s is not a folder (use --file for a single config file)", home)
	}
	in := &Install{Home: home}
	// Anything at those paths counts, so that a broken link or a folder
	// in its place is reported as what it is when the file is read.
	if p := filepath.Join(home, filepath.FromSlash(WrapperTemplatePath)); exists(p) {
		in.WrapperTemplate = p
	}
	if p := filepath.Join(home, filepath.FromSlash(WhdConfPath)); exists(p) {
		in.WhdConf = p
	}
	if in.WrapperTemplate == "" && in.WhdConf == "" {
		msg := fmt.Sprintf("%s does not look like a WHD home folder: neither %s nor %s exists", home, WrapperTemplatePath, WhdConfPath)
		// A folder inside the install (conf, bin/wrapper/conf...) was
		// given: name the home above it.
		for dir := filepath.Clean(home); ; {
			up := filepath.Dir(dir)
			if up == dir {
				break
			}
			dir = up
			if exists(filepath.Join(dir, filepath.FromSlash(WrapperTemplatePath))) || exists(filepath.Join(dir, filepath.FromSlash(WhdConfPath))) {
				msg += fmt.Sprintf("; it is inside the WHD home %s: pass that folder", dir)
				break
			}
		}
		return nil, errors.New(msg)
	}
	return in, nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// Notes are things an admin should know about the layout: a Windows
// install whose template is missing, whose JVM settings whd.conf does not carry.
func (in *Install) Notes() []string {
	if in.WrapperTemplate == "" && isFile(filepath.Join(in.Home, "bin", "wrapper", "conf", "wrapper.conf")) {
		return []string{fmt.Sprintf("%s has bin/wrapper/conf/wrapper.conf but no wrapper_template.conf: on Windows the service reads its JVM settings from the wrapper files, not from conf/whd.conf; restore the template (or use --file) before relying on whd.conf", in.Home)}
	}
	return nil
}

// Windows reports a Windows layout: the JVM settings live in the wrapper template.
func (in *Install) Windows() bool { return in.WrapperTemplate != "" }

// PatchTarget is the file that carries the JVM settings, and its format.
func (in *Install) PatchTarget() (string, patcher.Format) {
	if in.Windows() {
		return in.WrapperTemplate, patcher.FormatWrapper
	}
	return in.WhdConf, patcher.FormatWhdConf
}

// Files lists the install's config files with their formats.
func (in *Install) Files() []File {
	var out []File
	if in.WrapperTemplate != "" {
		out = append(out, File{in.WrapperTemplate, patcher.FormatWrapper})
	}
	if in.WhdConf != "" {
		out = append(out, File{in.WhdConf, patcher.FormatWhdConf})
	}
	return out
}

// File is a config file of an install.
type File struct {
	Path   string
	Format patcher.Format
}

// JVMProperties returns the -D properties the JVM gets, quotes removed:
// from the wrapper template on a Windows layout, else from whd.conf's JAVA_OPTS.
func (in *Install) JVMProperties() (map[string]string, error) {
	if in.Windows() {
		_, src, _, err := patcher.ReadConfig(in.WrapperTemplate)
		if err != nil {
			return nil, err
		}
		f := wrapperconf.Parse(src)
		cfg := wrapperconf.Load(f, patcher.WrapperWorkDir(in.WrapperTemplate), readFile)
		return cfg.Additional().Effective(), nil
	}
	return in.whdConfJVMProperties()
}

func readFile(p string) ([]byte, error) { return os.ReadFile(p) }
