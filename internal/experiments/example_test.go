package experiments_test

import (
	"fmt"

	"github.com/gorgonia-ae/autoencoder/internal/experiments"
)

// The default sweep: the exercise's four configurations, then bottlenecks
// below the data's 10 informative dimensions, which the Keras replica never
// ran.
func ExampleParseConfigs() {
	configs, err := experiments.ParseConfigs(experiments.DefaultConfigs)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range configs {
		_, hasBand := c.Reference()
		fmt.Printf("%-8s %-30s Keras band: %v\n", c.Name(), c.Describe(), hasBand)
	}
	// Output:
	// bn100_l2 hidden 200,100, bottleneck 100 Keras band: true
	// bn50_l2  hidden 200,100, bottleneck 50  Keras band: true
	// bn25_l2  hidden 200,100, bottleneck 25  Keras band: true
	// bn50_l3  hidden 200,100,50, bottleneck 50 Keras band: true
	// bn10_l2  hidden 200,100, bottleneck 10  Keras band: false
	// bn5_l2   hidden 200,100, bottleneck 5   Keras band: false
	// bn2_l2   hidden 200,100, bottleneck 2   Keras band: false
}
