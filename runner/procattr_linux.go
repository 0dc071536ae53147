package runner

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// programAttr puts a chapter's program in a process group of its own (so
// a timeout kills everything it started) and has the kernel kill it when
// tally dies, even by kill -9: an orphan would go on writing into the
// folder that the next run of the chapter uses.
func programAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// killProgram kills a chapter's program, its process group, and every
// process descending from it, found through /proc: a process that left
// the group (setsid) is found by its parent. The book package makes the
// program a child subreaper, so an orphan among them is the program's
// child rather than init's. Each process found is stopped first, so that
// none forks while the tree is read, then all are killed. Only the last
// kill's error is returned: a process that ended meanwhile fails the ones
// before with ESRCH, which is what they were for.
func killProgram(pid int) error {
	_ = syscall.Kill(pid, syscall.SIGSTOP)
	found := map[int]bool{pid: true}
	for {
		added := false
		for child, parent := range processParents() {
			if found[parent] && !found[child] {
				found[child] = true
				_ = syscall.Kill(child, syscall.SIGSTOP)
				added = true
			}
		}
		if !added {
			break
		}
	}
	for p := range found {
		_ = syscall.Kill(p, syscall.SIGKILL)
	}
	return syscall.Kill(-pid, syscall.SIGKILL)
}

// processParents maps the id of every process to its parent's.
func processParents() map[int]int {
	out := map[int]int{}
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return out
	}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces and parentheses.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 2 {
			continue
		}
		if ppid, err := strconv.Atoi(f[1]); err == nil {
			out[pid] = ppid
		}
	}
	return out
}
