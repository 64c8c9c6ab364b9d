package experiments

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gorgonia-ae/autoencoder/internal/kerasref"
)

// versus says how a compares with b: "lower than" or "higher than", or
// "within the seeds' spread of" when the means differ by less than two
// standard errors; with one seed, which has no spread, "within 10% of"
// when they differ by less than 10%.
func versus(a, b kerasref.Stat, n int) string {
	d := a.Mean - b.Mean
	tol, same := 0.1*math.Abs(b.Mean), "within 10% of"
	if !math.IsNaN(a.SD) && !math.IsNaN(b.SD) {
		tol, same = 2*math.Sqrt((a.SD*a.SD+b.SD*b.SD)/float64(n)), "within the seeds' spread of"
	}
	switch {
	case math.Abs(d) <= tol:
		return same
	case d < 0:
		return "lower than"
	}
	return "higher than"
}

// moreOrLess phrases a relative change: "6% more", "3% less".
func moreOrLess(ratio float64) string {
	if ratio >= 1 {
		return fmt.Sprintf("%.0f%% more", 100*(ratio-1))
	}
	return fmt.Sprintf("%.0f%% less", 100*(1-ratio))
}

// twoLevel returns the sweep's configurations with the notebook's two
// levels, widest bottleneck first.
func (rep Report) twoLevel() []Config {
	var out []Config
	for _, c := range rep.Results.Sweep.Configs {
		if slices.Equal(c.Hidden, levels2) {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b Config) int { return b.Bottleneck - a.Bottleneck })
	return out
}

func (rep Report) find(name string) (Config, bool) {
	for _, c := range rep.Results.Sweep.Configs {
		if c.Name() == name {
			return c, true
		}
	}
	return Config{}, false
}

func (rep Report) q2(b *bytes.Buffer) {
	r, sub := rep.Results, rep.Subspace
	n := len(r.Sweep.Seeds)
	fmt.Fprintf(b, "## Q2. What happens with a bottleneck of 50, of 25, and below 10?\n\n")
	if len(sub.Singular) > sub.Rank && sub.Rank > 0 {
		fmt.Fprintf(b, "**The data have %d dimensions, not %d.** `make_classification` draws 10 informative features and makes the other 90 "+
			"random linear combinations of them, and min-max scaling is affine, so the training rows lie in a %d-dimensional affine subspace: "+
			"the singular values of the centred training rows fall from σ%d = %.3g to σ%d = %.2g (%.1e of the largest). "+
			"A bottleneck of %d or more can in principle carry every row exactly; below %d, information must be lost.\n\n",
			sub.Rank, r.Inputs, sub.Rank, sub.Rank, sub.Singular[sub.Rank-1], sub.Rank+1, sub.Singular[sub.Rank],
			sub.Singular[sub.Rank]/sub.Singular[0], sub.Rank, sub.Rank)
	}
	cs := rep.twoLevel()
	if len(cs) == 0 {
		fmt.Fprintf(b, "This sweep ran no configuration with the notebook's two levels (200,100).\n\n")
		return
	}
	ref, hasRef := rep.find("bn100_l2")
	var refMin kerasref.Stat
	if hasRef {
		refMin = stat(statsOf(r.Of(ref)).MinVal)
	}
	fmt.Fprintf(b, "Hidden 200,100, %s. The last column is the floor for any *linear* code of that width: "+
		"the validation error of the best rank-k reconstruction (PCA fitted on the training rows).\n\n", rep.overSeeds("mean ± sd"))
	fmt.Fprintf(b, "| bottleneck | parameters | final val_loss | min val_loss | min val_loss / bottleneck 100's | linear floor (PCA, k = bottleneck) |\n")
	fmt.Fprintf(b, "|---:|---:|---|---|---:|---|\n")
	for _, c := range cs {
		s := statsOf(r.Of(c))
		mv := stat(s.MinVal)
		ratio := "—"
		if hasRef {
			ratio = fmt.Sprintf("%.2f", mv.Mean/refMin.Mean)
		}
		fmt.Fprintf(b, "| %d | %s | %s | %s | %s | %s |\n", c.Bottleneck, thousands(s.Params), pm(stat(s.FinalVal)), pm(mv), ratio, floor(sub, c.Bottleneck))
	}
	fmt.Fprintf(b, "\n")

	if hasRef {
		var parts []string
		var compressed []Config
		verdicts := map[string]int{}
		for _, c := range cs {
			if c.Bottleneck >= max(sub.Rank, 1) && c.Bottleneck < ref.Bottleneck {
				mv := stat(statsOf(r.Of(c)).MinVal)
				v := versus(mv, refMin, n)
				verdicts[v]++
				compressed = append(compressed, c)
				parts = append(parts, fmt.Sprintf("at %d the best val_loss is %s, %s bottleneck 100's %s (%+.1f%%)",
					c.Bottleneck, pm(mv), v, g(refMin.Mean), 100*(mv.Mean/refMin.Mean-1)))
			}
		}
		if len(parts) > 0 {
			narrowest := compressed[len(compressed)-1]
			fmt.Fprintf(b, "**Down to %d dimensions**: %s. ", max(sub.Rank, 1), joinSentences(parts))
			fmt.Fprintf(b, "A code of %d or more still has room for the data's %d real dimensions, because 90 of the 100 features are redundant; "+
				"the narrower model only has fewer weights (%s at bottleneck %d against %s at 100). ",
				sub.Rank, sub.Rank, thousands(statsOf(r.Of(narrowest)).Params), narrowest.Bottleneck, thousands(statsOf(r.Of(ref)).Params))
			switch {
			case verdicts["higher than"] == 0 && verdicts["lower than"] == 0:
				fmt.Fprintf(b, "So the compression costs nothing measurable: what limits the loss at these widths is the training "+
					"(minibatch noise, BatchNorm's batch statistics, %d epochs of Adam), not the size of the code.", r.Sweep.Epochs)
			case verdicts["higher than"] == 0:
				fmt.Fprintf(b, "The compression costs nothing; where the narrower codes differ, they end lower. "+
					"With capacity to spare, what limits the loss is the training (minibatch noise, BatchNorm's batch statistics, %d epochs of Adam).", r.Sweep.Epochs)
			default:
				fmt.Fprintf(b, "Where a narrower code ends higher, it is not for lack of room (the code is at least %d wide): "+
					"it is how close %d epochs of minibatch Adam get to the best weights through a narrower layer.", sub.Rank, r.Sweep.Epochs)
			}
			fmt.Fprintf(b, " The tutorial printed val_loss %s at bottleneck 100 and %s at 50 (one Keras run each).\n\n",
				g(kerasref.TutorialValLossBN100), g(kerasref.TutorialValLossBN50))
		}
	}
	var below []Config
	for _, c := range cs {
		if c.Bottleneck < sub.Rank {
			below = append(below, c)
		}
	}
	if len(below) == 0 {
		return
	}
	fmt.Fprintf(b, "**Below %d**, the bottleneck cannot hold the data, and the loss rises with every dimension taken away:\n\n", sub.Rank)
	beaten := 0
	for _, c := range below {
		mv := stat(statsOf(r.Of(c)).MinVal)
		fmt.Fprintf(b, "- bottleneck %d: best val_loss %s", c.Bottleneck, pm(mv))
		if hasRef {
			fmt.Fprintf(b, ", %.1f× bottleneck 100's", mv.Mean/refMin.Mean)
		}
		if fl, ok := sub.PCAValLoss[c.Bottleneck]; ok && fl > 0 {
			fmt.Fprintf(b, "; the best linear code of %d dimensions loses %s, and the autoencoder's nonlinear code ends at %.2f× that floor",
				c.Bottleneck, g(fl), mv.Mean/fl)
			if mv.Mean < fl {
				beaten++
			}
		}
		fmt.Fprintf(b, ".\n")
	}
	fmt.Fprintf(b, "\nEvery dimension the code drops takes its share of the data's variance with it: the linear floor is exactly the variance "+
		"along the principal directions a code of that width leaves out. ")
	if beaten == 0 {
		fmt.Fprintf(b, "The autoencoder does not get below that floor: its nonlinear layers find no shortcut that the principal components miss, "+
			"which fits how the data were made (the %d informative features are Gaussian clusters around the vertices of a hypercube, "+
			"mixed linearly into the other 90, not a curved surface of fewer dimensions).\n\n", sub.Rank)
	} else {
		fmt.Fprintf(b, "The autoencoder gets below that floor in %d of %d cases: its nonlinear encoder and decoder keep more than any linear code "+
			"of the same width can, though not much more (the informative features are Gaussian clusters around the vertices of a hypercube, "+
			"mixed linearly into the other 90).\n\n", beaten, len(below))
	}
}

func floor(sub Subspace, k int) string {
	v, ok := sub.PCAValLoss[k]
	if !ok {
		return "—"
	}
	if v < 1e-12 {
		return "0 (exact)"
	}
	return g(v)
}

func joinSentences(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	out := ""
	for i, p := range parts {
		switch {
		case i == 0:
			out = p
		case i == len(parts)-1:
			out += "; and " + p
		default:
			out += "; " + p
		}
	}
	return out
}

func (rep Report) q3(b *bytes.Buffer) {
	r := rep.Results
	n := len(r.Sweep.Seeds)
	fmt.Fprintf(b, "## Q3. What changes with a third level?\n\n")
	two, ok2 := rep.find("bn50_l2")
	three, ok3 := rep.find("bn50_l3")
	if !ok2 || !ok3 {
		fmt.Fprintf(b, "This sweep did not run both bn50_l2 and bn50_l3.\n\n")
		return
	}
	s2, s3 := statsOf(r.Of(two)), statsOf(r.Of(three))
	fmt.Fprintf(b, "The third level puts a Dense(50)–BatchNorm–LeakyReLU after the 100-wide level in the encoder, and its mirror in the decoder "+
		"(100 → 200 → 100 → **50** → 50 → **50** → 100 → 200 → 100). Bottleneck 50 both times, %s:\n\n", rep.overSeeds("mean ± sd"))
	fmt.Fprintf(b, "| | two levels (bn50_l2) | three levels (bn50_l3) |\n|---|---|---|\n")
	fmt.Fprintf(b, "| trainable parameters | %s | %s |\n", thousands(s2.Params), thousands(s3.Params))
	fmt.Fprintf(b, "| time per step | %.2f ms | %.2f ms |\n", median(s2.StepMs), median(s3.StepMs))
	r2, r3 := r.Of(two), r.Of(three)
	for _, e := range checkpoints(r.Sweep.Epochs) {
		if e == r.Sweep.Epochs {
			break
		}
		_, v2 := meanAt(r2, e)
		_, v3 := meanAt(r3, e)
		fmt.Fprintf(b, "| val_loss after epoch %d | %s | %s |\n", e, g(v2), g(v3))
	}
	fmt.Fprintf(b, "| final loss | %s | %s |\n", pm(stat(s2.FinalLoss)), pm(stat(s3.FinalLoss)))
	fmt.Fprintf(b, "| final val_loss | %s | %s |\n", pm(stat(s2.FinalVal)), pm(stat(s3.FinalVal)))
	fmt.Fprintf(b, "| min val_loss | %s | %s |\n", pm(stat(s2.MinVal)), pm(stat(s3.MinVal)))
	fmt.Fprintf(b, "| epoch of min (per seed) | %s | %s |\n\n", intList(s2.MinEpoch), intList(s3.MinEpoch))

	mv2, mv3 := stat(s2.MinVal), stat(s3.MinVal)
	fl2, fl3 := stat(s2.FinalLoss), stat(s3.FinalLoss)
	fmt.Fprintf(b, "The deeper model has %s parameters (%s) and a step takes %s time (steps were timed while runs shared the CPU, so a difference of a few tens of percent is noise). "+
		"Its best val_loss, %s, is %s two levels' %s (%+.0f%%), and its final training loss, %s, is %s %s. ",
		thousands(s3.Params), moreOrLess(float64(s3.Params)/float64(s2.Params)), moreOrLess(median(s3.StepMs)/median(s2.StepMs)),
		g(mv3.Mean), versus(mv3, mv2, n), g(mv2.Mean), 100*(mv3.Mean/mv2.Mean-1), g(fl3.Mean), versus(fl3, fl2, n), g(fl2.Mean))
	verdict := versus(mv3, mv2, n)
	switch verdict {
	case "higher than":
		fmt.Fprintf(b, "Depth does not help here: the data need only %s dimensions, which two levels already reach, "+
			"and the extra level is one more BatchNorm–LeakyReLU stage for the signal and its gradient to pass through, "+
			"with one more set of minibatch statistics adding noise to every step.", dims(rep.Subspace))
	case "lower than":
		fmt.Fprintf(b, "Depth helps a little here, at the price of the extra parameters and time: the 50-wide level gives the encoder "+
			"one more nonlinear stage before the code.")
	default:
		within := "Within the seeds' spread"
		if len(r.Sweep.Seeds) == 1 {
			within = "Within 10% in one seed's run"
		}
		fmt.Fprintf(b, "%s, the extra level makes no measurable difference to the best reconstruction after %d epochs.",
			within, r.Sweep.Epochs)
	}
	rep.q3Keras(b, two, three, verdict)
	fmt.Fprintf(b, "\n\n")
}

// q3Keras sets the Keras replica's two- and three-level bands beside
// the sweep's verdict on depth (verdict is versus's of three levels'
// min val_loss against two levels'), saying whether the replica agrees.
func (rep Report) q3Keras(b *bytes.Buffer, two, three Config, verdict string) {
	ref2, ok2 := two.Reference()
	ref3, ok3 := three.Reference()
	if !ok2 || !ok3 {
		return
	}
	b2, err2 := kerasref.ReplicaBand(ref2)
	b3, err3 := kerasref.ReplicaBand(ref3)
	if err2 != nil || err3 != nil {
		return
	}
	numbers := fmt.Sprintf("min val_loss %s with three levels against %s with two, final loss %s against %s",
		pm(b3.MinValLoss), pm(b2.MinValLoss), pm(b3.FinalLoss), pm(b2.FinalLoss))
	if rep.Results.Sweep.Epochs != referenceEpochs {
		fmt.Fprintf(b, " The Keras replica's bands are for %d epochs, so they do not bear on this %d-epoch sweep (%s).",
			referenceEpochs, rep.Results.Sweep.Epochs, numbers)
		return
	}
	theirs := versus(b3.MinValLoss, b2.MinValLoss, len(kerasref.Seeds()))
	if theirs == verdict {
		fmt.Fprintf(b, " The Keras replica agrees: its three-level min val_loss is %s its two-level one (%s).", theirs, numbers)
		return
	}
	fmt.Fprintf(b, " The Keras replica differs: its three-level min val_loss is %s its two-level one (%s), where this sweep's is %s.",
		theirs, numbers, bare(verdict))
}

// bare is a verdict of versus without the word that leads to its object:
// "lower than" → "lower", "within 10% of" → "within 10%".
func bare(verdict string) string {
	return strings.TrimSuffix(strings.TrimSuffix(verdict, " than"), " of")
}

func dims(s Subspace) string {
	if s.Rank == 0 {
		return "a few"
	}
	return fmt.Sprint(s.Rank)
}
